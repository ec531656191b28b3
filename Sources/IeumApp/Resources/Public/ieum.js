// Ieum (이음) — small progressive enhancements. The site works without this file;
// it is loaded with `defer` from /ieum.js because the CSP allows no inline script.
(function () {
  'use strict';

  var ko = (document.documentElement.lang || 'ko') !== 'en';

  function formatBytes(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + ' MB' : Math.ceil(bytes / 1024) + ' KB';
  }

  // After a failed submit, take keyboard and screen-reader users straight to the error summary.
  function focusErrorSummary() {
    var summary = document.getElementById('error-summary');
    if (!summary) return;
    if (!summary.hasAttribute('tabindex')) summary.setAttribute('tabindex', '-1');
    summary.focus();
  }

  // The question of the option chosen in one of the form's selects (<option data-confirm="…">):
  // a decision select names the consequence of the decision picked, not of the form.
  function chosenOptionQuestion(form) {
    for (var i = 0; i < form.elements.length; i++) {
      var select = form.elements[i];
      if (!(select instanceof HTMLSelectElement) || select.selectedIndex < 0) continue;
      var option = select.options[select.selectedIndex];
      if (option && option.dataset.confirm) return option.dataset.confirm;
    }
    return '';
  }

  // Ask before an irreversible or notifying submit (Views/Confirmations.swift lists which): the
  // pressed button's data-confirm, else the chosen option's, else the form's.
  // A file already reported as too large stops the submit too (forms may be `novalidate`).
  function onSubmit(event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var bad = form.querySelector('input[type="file"][data-max-bytes][aria-invalid="true"]');
    if (bad) { event.preventDefault(); bad.focus(); return; }
    var question = (event.submitter && event.submitter.dataset && event.submitter.dataset.confirm) ||
      chosenOptionQuestion(form) || form.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  }

  // <input type="file" data-max-bytes="…">: say at once when a file is too large to upload.
  function onFileChange(event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== 'file' || !input.dataset.maxBytes) return;
    var max = Number(input.dataset.maxBytes);
    var file = input.files && input.files[0];
    var id = (input.id || input.name || 'file') + '-size-message';
    var message = document.getElementById(id);
    var tooLarge = Boolean(file && max > 0 && file.size > max);
    if (!tooLarge) {
      if (message) message.remove();
      input.setCustomValidity('');
      input.removeAttribute('aria-invalid');
      return;
    }
    var text = ko
      ? '파일이 너무 큽니다 (' + formatBytes(file.size) + '). ' + formatBytes(max) + ' 이하 파일을 선택하세요.'
      : 'The file is too large (' + formatBytes(file.size) + '). Choose a file of ' + formatBytes(max) + ' or less.';
    if (!message) {
      message = document.createElement('p');
      message.id = id;
      message.className = 'file-message field-error';
      message.setAttribute('role', 'alert');
      input.insertAdjacentElement('afterend', message);
    }
    message.textContent = text;
    input.setCustomValidity(text);
    input.setAttribute('aria-invalid', 'true');
  }

  // Bulk actions: "select all on this page" ticks every row's checkbox of that form (the server
  // also reads the box itself, so it works without this file).
  function onBulkAll(event) {
    var box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.dataset.bulkAll) return;
    var rows = document.querySelectorAll('input.bulk-check[form="' + box.dataset.bulkAll + '"]');
    for (var i = 0; i < rows.length; i++) rows[i].checked = box.checked;
  }

  document.addEventListener('submit', onSubmit);
  document.addEventListener('change', onFileChange);
  document.addEventListener('change', onBulkAll);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', focusErrorSummary);
  else focusErrorSummary();
})();
