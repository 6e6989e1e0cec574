// vnplan review page: tooltips, the selected-fact card, panel lists (click -> scroll + flash),
// kind toggles and the list filter. All text is set with textContent (never as HTML).
(function () {
  "use strict";
  var FACTS = JSON.parse(document.getElementById("facts-data").textContent);
  var doc = document.getElementById("doc");
  var tip = document.getElementById("tip");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function cardOf(uid) {
    var f = FACTS[uid], box = el("div", "fact-card");
    if (!f) return box;
    box.appendChild(el("div", "kind-tag", f.kind.replace("_", " ") + (f.section ? " · " + f.section : "")));
    box.appendChild(el("b", null, f.title));
    var dl = el("dl");
    f.fields.forEach(function (kv) { dl.appendChild(el("dt", null, kv[0])); dl.appendChild(el("dd", null, kv[1])); });
    box.appendChild(dl);
    return box;
  }
  function partsOf(uid) { return doc.querySelectorAll('mark[data-id="' + uid + '"]'); }
  function factsAt(node) {  // the uids of the marks holding node, innermost first
    var out = [];
    for (var m = node.closest ? node.closest("mark.f") : null; m; m = m.parentElement.closest("mark.f")) {
      if (out.indexOf(m.dataset.id) < 0) out.push(m.dataset.id);
    }
    return out;
  }
  function go(uid) {
    var parts = partsOf(uid);
    if (!parts.length) return null;
    parts[0].scrollIntoView({ block: "center", inline: "nearest" });
    parts.forEach(function (p) { p.classList.remove("flash"); void p.offsetWidth; p.classList.add("flash"); });
    setTimeout(function () { parts.forEach(function (p) { p.classList.remove("flash"); }); }, 1700);
    select([uid]);
    return parts[0];
  }
  function select(uids) {
    var box = document.getElementById("selected"), body = document.getElementById("selected-body");
    body.textContent = "";
    uids.forEach(function (u) { body.appendChild(cardOf(u)); });
    box.hidden = !uids.length;
  }
  window.vnplanGo = go;

  doc.addEventListener("mouseover", function (ev) {
    var uids = factsAt(ev.target);
    if (!uids.length) { tip.hidden = true; return; }
    tip.textContent = "";
    tip.appendChild(cardOf(uids[0]));
    tip.hidden = false;
  });
  doc.addEventListener("mousemove", function (ev) {
    if (tip.hidden) return;
    var x = Math.min(ev.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
    var y = ev.clientY + 16 + tip.offsetHeight > window.innerHeight ? ev.clientY - tip.offsetHeight - 10 : ev.clientY + 16;
    tip.style.left = x + "px"; tip.style.top = y + "px";
  });
  doc.addEventListener("mouseleave", function () { tip.hidden = true; });
  doc.addEventListener("click", function (ev) { var u = factsAt(ev.target); if (u.length) select(u); });

  document.getElementById("panel").addEventListener("click", function (ev) {
    var b = ev.target.closest("[data-go]");
    if (b) { go(b.dataset.go); return; }
    var s = ev.target.closest("[data-go-section]");
    if (s) { ev.preventDefault(); var t = document.getElementById(s.dataset.goSection); if (t) t.scrollIntoView({ block: "start" }); window.scrollBy(0, -70); return; }
    var c = ev.target.closest("[data-close]");
    if (c) document.getElementById(c.dataset.close).hidden = true;
  });
  document.querySelectorAll("[data-toggle]").forEach(function (cb) {
    cb.addEventListener("change", function () { document.body.classList.toggle("off-" + cb.dataset.toggle, !cb.checked); });
  });
  document.getElementById("filter").addEventListener("input", function (ev) {
    var q = ev.target.value.toLocaleLowerCase("vi").normalize("NFC");
    document.querySelectorAll("details.facts").forEach(function (d) {
      var shown = 0;
      d.querySelectorAll("li[data-item]").forEach(function (li) {
        var hit = !q || li.textContent.toLocaleLowerCase("vi").indexOf(q) >= 0;
        li.classList.toggle("hidden", !hit); if (hit) shown++;
      });
      d.querySelector("[data-count]").textContent = q ? shown + "/" + d.querySelectorAll("li[data-item]").length : d.querySelectorAll("li[data-item]").length;
    });
  });
})();
