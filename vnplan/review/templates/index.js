// vnplan review index: click a header to sort the table (numbers numerically, text in Vietnamese order).
(function () {
  "use strict";
  var table = document.getElementById("plans"), body = table.tBodies[0];
  var coll = new Intl.Collator("vi", { numeric: true });
  table.querySelectorAll("th").forEach(function (th, i) {
    th.addEventListener("click", function () {
      var asc = !th.classList.contains("asc");
      table.querySelectorAll("th").forEach(function (h) { h.classList.remove("asc", "desc"); });
      th.classList.add(asc ? "asc" : "desc");
      var num = th.dataset.type === "num";
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[i].textContent.trim(), y = b.cells[i].textContent.trim();
        var r = num ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : coll.compare(x, y);
        return asc ? r : -r;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();
