/* Reader and writer pages: small enhancements. Every page works without this file.
   No inline scripts or handlers anywhere (Content-Security-Policy: script-src 'self'). */
(function () {
  "use strict";
  // <button data-confirm="Question?">: asks before the form is sent.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
