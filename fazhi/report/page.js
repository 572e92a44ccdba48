// fazhi show: clicking a mention shows its document's (or agency's) entry beside the text and marks its other mentions.
(function () {
  "use strict";
  const selected = document.getElementById("selected");

  function show(mention) {
    const id = mention.dataset.entry;
    const entry = document.getElementById(id);
    if (!entry) return;
    document.querySelectorAll("a.m.sel, a.m.current").forEach(function (el) { el.classList.remove("sel", "current"); });
    document.querySelectorAll('a.m[data-entry="' + id + '"]').forEach(function (el) { el.classList.add("sel"); });
    document.querySelectorAll('a.m[data-m="' + mention.dataset.m + '"]').forEach(function (el) { el.classList.add("current"); });
    selected.innerHTML = "";
    const quote = document.createElement("p");
    quote.className = "hint";
    const words = Array.from(document.querySelectorAll('a.m[data-m="' + mention.dataset.m + '"]')).map(function (el) { return el.textContent; }).join("");
    quote.textContent = "原文 「" + words + "」 链接到 is linked to:";
    selected.appendChild(quote);
    const copy = entry.cloneNode(true);
    copy.removeAttribute("id");
    copy.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
    selected.appendChild(copy);
    selected.dataset.entry = id;
  }

  document.getElementById("text").addEventListener("click", function (event) {
    const mention = event.target.closest("a.m");
    if (!mention) return;
    event.preventDefault();
    show(mention);
  });
})();
