/* One read of this story: reported once the page is shown (pages served by the cache or
   Varnish never reach the server otherwise). No cookie, no identifier: the server counts a
   reader once per story per half hour. */
(function () {
  "use strict";
  var script = document.currentScript;
  var id = script && script.dataset.story;
  if (!id || !/^\d+$/.test(id)) return;
  var url = "/dibaca/" + id;
  function send() {
    if (navigator.sendBeacon && navigator.sendBeacon(url)) return;
    if (window.fetch) fetch(url, { method: "POST", keepalive: true, credentials: "omit" });
  }
  if (document.visibilityState === "hidden") {
    document.addEventListener("visibilitychange", function once() {
      if (document.visibilityState !== "visible") return;
      document.removeEventListener("visibilitychange", once);
      send();
    });
  } else {
    send();
  }
})();
