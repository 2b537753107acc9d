/* Desk enhancements. Every form works without this file. */
(function () {
  "use strict";

  // A small rich-text editor over a textarea: the textarea stays the value sent to the server,
  // which sanitizes it with nh3.
  function labels() {
    var node = document.getElementById("rte-labels");
    return node ? JSON.parse(node.textContent) : {};
  }

  function richText(textarea) {
    var L = labels();
    var editor = document.createElement("div");
    editor.className = "rte";
    editor.contentEditable = "true";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    editor.setAttribute("aria-label", L.body || "Isi");
    editor.innerHTML = textarea.value;
    var bar = document.createElement("div");
    bar.className = "rte-toolbar";
    [["bold", "B", L.bold], ["italic", "I", L.italic], ["formatBlock:h2", "H2", L.h2],
     ["formatBlock:blockquote", "“ ”", L.quote], ["insertUnorderedList", "•", L.list],
     ["createLink", "🔗", L.link], ["removeFormat", "⌫", L.clear]]
      .forEach(function (spec) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = spec[1];
        button.title = spec[2] || "";
        button.setAttribute("aria-label", spec[2] || spec[1]);
        button.addEventListener("click", function () {
          var parts = spec[0].split(":");
          var value = parts[1] || null;
          if (parts[0] === "createLink") { value = window.prompt(L.link_prompt || "URL"); if (!value) return; }
          document.execCommand(parts[0], false, value);
          editor.focus();
          sync();
        });
        bar.appendChild(button);
      });
    function sync() { textarea.value = editor.innerHTML; }
    editor.addEventListener("input", sync);
    textarea.form && textarea.form.addEventListener("submit", sync);
    textarea.hidden = true;
    textarea.parentNode.insertBefore(bar, textarea);
    textarea.parentNode.insertBefore(editor, textarea);
  }

  // Picking a request-changes template fills the message (still editable).
  function templates(form) {
    var data = JSON.parse(form.dataset.templates || "{}");
    var select = form.querySelector("select[name=template]");
    var message = form.querySelector("textarea[name=message]");
    if (!select || !message) return;
    select.addEventListener("change", function () {
      if (data[select.value]) message.value = data[select.value];
    });
  }

  // A related story picked from search results moves into the chosen list.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.name === "related" && box.checked && box.closest("#related-results")) {
      var chosen = document.getElementById("related-chosen");
      if (chosen) chosen.appendChild(box.closest("label"));
    }
  });

  // "Select all on this page": a checkbox with data-check-all="<name>" ticks every box of that name.
  document.addEventListener("change", function (event) {
    var all = event.target;
    if (!all.dataset || !all.dataset.checkAll) return;
    var scope = all.form || document;
    scope.querySelectorAll("input[type=checkbox][name='" + all.dataset.checkAll + "']")
      .forEach(function (box) { box.checked = all.checked; });
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-richtext]").forEach(richText);
    document.querySelectorAll("form[data-templates]").forEach(templates);
  });
})();
