// Marking regions to mask on a page preview: drag a rectangle over the
// picture and its area (page x y width height, in points: one pixel of
// the preview is one point of the page) is added to the regions field.
// Without script the field is typed by hand.
(function () {
  "use strict";
  var img = document.getElementById("mask-preview");
  var field = document.getElementById("mask-regions");
  if (!img || !field) { return; }
  var start = null;
  var box = document.createElement("div");
  box.className = "mask-box";
  img.parentNode.appendChild(box);
  function at(e) {
    var r = img.getBoundingClientRect();
    var sx = img.naturalWidth / r.width, sy = img.naturalHeight / r.height;
    return { x: (e.clientX - r.left) * sx, y: (e.clientY - r.top) * sy, sx: sx, sy: sy, r: r };
  }
  img.addEventListener("mousedown", function (e) { e.preventDefault(); start = at(e); });
  img.addEventListener("mousemove", function (e) {
    if (!start) { return; }
    var p = at(e);
    box.style.display = "block";
    box.style.left = (Math.min(start.x, p.x) / p.sx) + "px";
    box.style.top = (Math.min(start.y, p.y) / p.sy) + "px";
    box.style.width = (Math.abs(p.x - start.x) / p.sx) + "px";
    box.style.height = (Math.abs(p.y - start.y) / p.sy) + "px";
  });
  img.addEventListener("mouseup", function (e) {
    if (!start) { return; }
    var p = at(e), x = Math.min(start.x, p.x), y = Math.min(start.y, p.y);
    var w = Math.abs(p.x - start.x), h = Math.abs(p.y - start.y);
    start = null;
    if (w < 2 || h < 2) { return; }
    var line = [img.dataset.page, x.toFixed(1), y.toFixed(1), w.toFixed(1), h.toFixed(1)].join(" ");
    field.value = field.value.replace(/\s*$/, "") + (field.value.trim() ? "\n" : "") + line;
  });
})();
