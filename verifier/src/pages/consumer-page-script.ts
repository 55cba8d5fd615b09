/**
 * The consumer page's script (served as a file so the CSP needs no inline script): polls the
 * request until it is answered, then fills the form from the verified data and names the source.
 */
export const consumerPageScript = `
(function () {
  var root = document.querySelector('[data-request]');
  if (!root) return;
  var statusEl = document.getElementById('status');
  var url = root.getAttribute('data-poll');
  // Same-device return (#response_code=…): the verifier checks the code belongs to this request.
  // Taken out of the address bar, so a copied link does not carry it.
  var code = /[#&]response_code=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (code) {
    url += (url.indexOf('?') < 0 ? '?' : '&') + 'response_code=' + code[1];
    history.replaceState(null, '', location.pathname + location.search);
  }
  var text = JSON.parse(root.getAttribute('data-text'));
  var delay = 1500;
  function show(kind, message) {
    statusEl.className = 'status' + (kind ? ' ' + kind : '');
    statusEl.textContent = message;
  }
  function fill(fields) {
    fields.forEach(function (field) {
      var input = document.getElementById(field.id);
      if (!input) return;
      input.value = field.value;
      input.readOnly = true;
      var source = document.getElementById(field.id + '-source');
      if (source) source.textContent = text.verifiedBy + ' ' + field.source;
    });
  }
  function poll() {
    fetch(url, { headers: { accept: 'application/json' } })
      .then(function (r) { return r.json(); })
      .then(function (result) {
        if (result.status === 'pending') { setTimeout(poll, delay); return; }
        if (result.status === 'verified') {
          if (result.fields) { fill(result.fields); show('ok', text.verified); }
          else show('ok', text.deleted);
          var share = document.getElementById('share');
          if (share) share.hidden = true;
          return;
        }
        if (result.status === 'expired') { show('bad', text.expired); return; }
        show('bad', text.rejected + ' ' + (result.reason || ''));
      })
      .catch(function () { setTimeout(poll, delay * 2); });
  }
  poll();
})();
`;
