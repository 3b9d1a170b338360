// Keeps each text field's "N av M tecken" up to date while the person types. It counts as the
// server does: user-perceived characters (an emoji or a letter with a combining accent is one),
// a line break one. Without script the page shows the count as it was saved.
(function () {
  var segmenter =
    window.Intl && Intl.Segmenter ? new Intl.Segmenter(document.documentElement.lang || 'sv', { granularity: 'grapheme' }) : null;
  function count(text) {
    var normalised = text.replace(/\r\n?/g, '\n');
    if (!segmenter) return Array.from(normalised).length;
    var n = 0;
    for (var it = segmenter.segment(normalised)[Symbol.iterator](), step = it.next(); !step.done; step = it.next()) n++;
    return n;
  }
  var fields = document.querySelectorAll('[data-max]');
  Array.prototype.forEach.call(fields, function (field) {
    var counter = document.getElementById('c-' + field.id);
    if (!counter) return;
    var max = Number(field.getAttribute('data-max'));
    var template = counter.getAttribute('data-template') || '{count} / {max}';
    function update() {
      var n = count(field.value);
      counter.textContent = template.replace('{count}', String(n)).replace('{max}', String(max));
      counter.classList.toggle('error', n > max);
    }
    field.addEventListener('input', update);
    update();
  });
})();
