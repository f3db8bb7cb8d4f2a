// The public report pages work without this script; it only makes leaving safer and quicker.
// "Leave this site quickly" replaces the current page in the history (the back button does not
// return here), and pressing Escape three times in a row does the same.
(function () {
  "use strict";
  var exit = document.getElementById("exit");
  if (!exit) { return; }
  function leave(event) {
    if (event) { event.preventDefault(); }
    document.body.style.display = "none";
    window.location.replace(exit.href);
  }
  exit.addEventListener("click", leave);
  var presses = 0;
  var timer = null;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    presses += 1;
    clearTimeout(timer);
    timer = setTimeout(function () { presses = 0; }, 1500);
    if (presses >= 3) { leave(null); }
  });
}());
