// Follows a compilation the page shows: asks the JSON status every two seconds, moves the progress
// bar and its words, and reloads the page once the work has ended. Without script, the page's own
// link does the same by hand.
(function () {
  var bar = document.querySelector('progress[data-status-url]');
  if (!bar) return;
  var words = document.getElementById(bar.getAttribute('aria-describedby') || '');
  var template = bar.getAttribute('data-words') || '';
  function ask() {
    fetch(bar.getAttribute('data-status-url'), { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .then(function (s) {
        if (!s) return setTimeout(ask, 5000);
        if (s.status !== 'compiling') return window.location.reload();
        bar.max = s.progress.total;
        bar.value = s.progress.done;
        if (words) words.textContent = template.replace('{done}', s.progress.done).replace('{total}', s.progress.total);
        setTimeout(ask, 2000);
      })
      .catch(function () {
        setTimeout(ask, 5000);
      });
  }
  setTimeout(ask, 2000);
})();
