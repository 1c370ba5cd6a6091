// Marks the passage the address points at (#r-OTHER-N) in the article text: every segment of it,
// however the passage is split by others that overlap it.
(function () {
  function mark() {
    document.querySelectorAll(".current").forEach(function (el) { el.classList.remove("current"); });
    var id = decodeURIComponent(location.hash.slice(1));
    if (id.indexOf("r-") !== 0) return;
    document.querySelectorAll('[data-p~="' + CSS.escape(id) + '"]').forEach(function (el) { el.classList.add("current"); });
  }
  window.addEventListener("hashchange", mark);
  document.addEventListener("DOMContentLoaded", mark);
})();
