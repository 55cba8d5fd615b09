/**
 * The consumer page's script (served as a file so the CSP needs no inline script): polls the
 * request until it is answered, then fills the form from the verified data and names the source.
 * "Väntar på svar" shows only once something started (a wallet link followed, or back from the
 * wallet); a refused or expired request says why in words, with "Försök igen" (a new request),
 * and focus moves to that result.
 */
export const consumerPageScript = `
(function () {
  var root = document.querySelector('[data-request]');
  if (!root) return;
  var statusEl = document.getElementById('status');
  var resultEl = document.getElementById('result');
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
  Array.prototype.forEach.call(document.querySelectorAll('[data-starts]'), function (link) {
    link.addEventListener('click', function () { show('', text.waiting); });
  });
  function hideShare() {
    var share = document.getElementById('share');
    if (share) share.hidden = true;
  }
  function fill(fields) {
    fields.forEach(function (field) {
      var input = document.getElementById(field.id);
      if (!input) return;
      input.value = field.value;
      input.readOnly = true;
      var source = document.getElementById(field.id + '-source');
      if (!source) return;
      // Only what an issuer or a wallet provider vouches for reads and looks verified.
      source.textContent = field.verified ? text.verifiedBy + ' ' + field.source : field.source;
      source.className = field.verified ? 'source' : 'source self';
    });
  }
  function fail(message, reasons) {
    show('', '');
    hideShare();
    resultEl.textContent = '';
    var p = document.createElement('p');
    p.className = 'result-title';
    p.textContent = message;
    resultEl.appendChild(p);
    if (reasons && reasons.length) {
      var list = document.createElement('ul');
      reasons.forEach(function (reason) {
        var li = document.createElement('li');
        li.textContent = reason;
        list.appendChild(li);
      });
      resultEl.appendChild(list);
    }
    var retry = document.createElement('a');
    retry.className = 'button';
    retry.href = root.getAttribute('data-retry');
    retry.textContent = text.retry;
    resultEl.appendChild(retry);
    resultEl.hidden = false;
    resultEl.focus();
  }
  function poll() {
    fetch(url, { headers: { accept: 'application/json' } })
      .then(function (r) { return r.json(); })
      .then(function (result) {
        if (result.status === 'pending') { setTimeout(poll, delay); return; }
        if (result.status === 'verified' || result.status === 'pending_second_signatory') {
          var done = result.status === 'verified' ? text.verified : text.pendingSecondSignatory;
          if (result.fields) { fill(result.fields); show('ok', done); }
          else show('ok', text.deleted);
          hideShare();
          return;
        }
        if (result.status === 'expired') { fail(text.expired); return; }
        fail(text.rejected, result.reasons);
      })
      .catch(function () { setTimeout(poll, delay * 2); });
  }
  poll();
})();
`;
