// Hides a field while the field it depends on does not hold the value it waits for, and shows it
// again when it does, as the person ticks, chooses or types. The server keeps nothing of a hidden
// field, so what is hidden here is what it would drop. Without script every field shows, with a note.
(function () {
  var dependents = document.querySelectorAll('[data-show-if]');
  if (!dependents.length) return;
  function valueOf(control, equals) {
    if (control.type === 'checkbox') return control.checked;
    var text = control.value.trim();
    if (typeof equals !== 'number') return text;
    // As the server reads a number: 400 000,5 is four hundred thousand and a half.
    return text === '' ? undefined : Number(text.replace(/[\s\u00a0]/g, '').replace(',', '.'));
  }
  // In document order: a field depends only on an earlier one, which is settled before it.
  function update() {
    Array.prototype.forEach.call(dependents, function (dependent) {
      var control = document.getElementById(dependent.getAttribute('data-show-if'));
      var equals = JSON.parse(dependent.getAttribute('data-show-if-equals'));
      var around = control && control.closest('[data-show-if]');
      dependent.hidden = !control || Boolean(around && around.hidden) || valueOf(control, equals) !== equals;
    });
  }
  document.addEventListener('input', update);
  document.addEventListener('change', update);
  update();
})();
