// Progressive enhancement only: every form works without this script.
// A chosen or dropped file is read into the text box it names; a print button prints; a
// page waiting for a wallet's answer ([data-poll]) asks every few seconds whether it has
// come and then shows it (without the script, its "check again" link does the same).
(function () {
  "use strict";
  // Pictures (a QR code) are uploaded with the form as they are; text files are shown.
  function readInto(file, target) {
    if (!file || !target || /^image\//.test(file.type)) return;
    if (file.size > 1024 * 1024) { target.value = ""; return; }
    var reader = new FileReader();
    reader.onload = function () { target.value = String(reader.result); target.focus(); };
    reader.readAsText(file);
  }
  document.querySelectorAll("input[type=file][data-drop-file]").forEach(function (input) {
    var target = document.getElementById(input.getAttribute("data-drop-file"));
    input.addEventListener("change", function () { readInto(input.files[0], target); });
    if (target) {
      target.addEventListener("dragover", function (e) { e.preventDefault(); target.classList.add("dragging"); });
      target.addEventListener("dragleave", function () { target.classList.remove("dragging"); });
      target.addEventListener("drop", function (e) {
        e.preventDefault();
        target.classList.remove("dragging");
        if (e.dataTransfer && e.dataTransfer.files.length) {
          input.files = e.dataTransfer.files;
          readInto(e.dataTransfer.files[0], target);
        }
      });
    }
  });
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
  var poll = document.querySelector("[data-poll]");
  if (poll && window.fetch) {
    var url = poll.getAttribute("data-poll");
    var timer = setInterval(function () {
      fetch(url, { headers: { accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (v) {
          if (v && v.status !== "waiting" && v.status !== "checking") {
            clearInterval(timer);
            window.location.reload();
          }
        })
        .catch(function () {});
    }, 2000);
  }
})();
