// The report form's optional map: with JavaScript, a reporter may mark where it happened.
// Nothing is loaded until they ask for the map: then the vendored d3-array, d3-geo and
// topojson-client and world-atlas's Natural Earth boundaries (all from this server, named in
// the page's data attributes), and the map is drawn around the chosen country's centre.
// The mark fills the form's hidden `lat` and `lon`; without JavaScript the form works as is.
(function () {
  "use strict";
  var box = document.getElementById("map-picker");
  var lat = document.getElementById("lat");
  var lon = document.getElementById("lon");
  var country = document.getElementById("country");
  if (!box || !lat || !lon || !window.fetch || !window.Promise) { return; }
  var NS = "http://www.w3.org/2000/svg";
  var W = 320, H = 220;
  box.hidden = false;

  function button(text, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "secondary";
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }
  var status = document.createElement("p");
  status.className = "hint";
  status.setAttribute("role", "status");

  function load(src) {
    return new Promise(function (ok, fail) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = ok;
      s.onerror = fail;
      document.head.appendChild(s);
    });
  }
  var world = null;
  function libraries() {
    if (!world) {
      world = box.dataset.libs.split(" ").reduce(function (p, src) {
        return p.then(function () { return load(src); });
      }, Promise.resolve()).then(function () {
        return fetch(box.dataset.world).then(function (r) { return r.json(); });
      });
    }
    return world;
  }

  // The chosen country's centre and a span of degrees to show; the whole world otherwise.
  function view() {
    var o = country && country.options[country.selectedIndex];
    if (o && o.dataset.lat) { return { lon: +o.dataset.lon, lat: +o.dataset.lat, span: 14 }; }
    return { lon: 0, lat: 20, span: 300 };
  }

  var svg = null, projection = null, mark = null;
  function showMark() {
    if (!svg) { return; }
    if (mark) { mark.remove(); mark = null; }
    // "Remove the mark" is offered only when there is one.
    clear.hidden = lat.value === "" || lon.value === "";
    if (clear.hidden) { status.textContent = ""; return; }
    var p = projection([+lon.value, +lat.value]);
    mark = document.createElementNS(NS, "circle");
    mark.setAttribute("class", "mark");
    mark.setAttribute("cx", p[0]);
    mark.setAttribute("cy", p[1]);
    mark.setAttribute("r", 5);
    svg.appendChild(mark);
    status.textContent = box.dataset.marked + " " + lat.value + ", " + lon.value;
  }

  function draw(atlas) {
    var v = view();
    projection = window.d3.geoMercator()
      .center([v.lon, v.lat])
      .scale(W * 360 / (2 * Math.PI * v.span))
      .translate([W / 2, H / 2]);
    var path = window.d3.geoPath(projection);
    var land = window.topojson.feature(atlas, atlas.objects.countries);
    if (svg) { svg.remove(); }
    svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    svg.setAttribute("class", "map-picker");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", box.dataset.hint);
    var shapes = document.createElementNS(NS, "path");
    shapes.setAttribute("class", "land");
    shapes.setAttribute("d", path(land) || "");
    svg.appendChild(shapes);
    svg.addEventListener("click", function (event) {
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      var at = point.matrixTransform(svg.getScreenCTM().inverse());
      var ll = projection.invert([at.x, at.y]);
      lat.value = ll[1].toFixed(4);
      lon.value = ll[0].toFixed(4);
      showMark();
    });
    box.insertBefore(svg, status);
    showMark();
  }

  box.appendChild(button(box.dataset.open, function () {
    status.textContent = box.dataset.hint;
    libraries().then(draw, function () { status.textContent = box.dataset.failed; });
  }));
  var clear = button(box.dataset.clear, function () {
    lat.value = "";
    lon.value = "";
    showMark();
  });
  clear.hidden = lat.value === "" || lon.value === "";
  box.appendChild(clear);
  box.appendChild(status);
  if (country) {
    country.addEventListener("change", function () { if (svg) { libraries().then(draw); } });
  }
}());
