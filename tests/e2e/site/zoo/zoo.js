// The zoo's loader: ?m=plain|aria|soup picks one markup of the pattern (a <template> with that
// id), puts it in #app and runs window.zoo[m] (its behaviour) if the page defines one.
(function () {
  const m = new URLSearchParams(location.search).get('m') || 'plain';
  const template = document.getElementById(m);
  const app = document.getElementById('app');
  app.append(template.content.cloneNode(true));
  document.title += ' (' + m + ')';
  window.say = (text) => {
    const out = document.getElementById('out');
    out.textContent = text;
  };
  if (window.zoo && window.zoo[m]) window.zoo[m](app);
})();
