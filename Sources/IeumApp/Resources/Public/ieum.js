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

  // Unticking one row after "select all" unticks "select all" too (the server would otherwise take
  // every row of the page); ticking the last row ticks it again. The preview shows the rows either way.
  function onBulkRow(event) {
    var row = event.target;
    if (!(row instanceof HTMLInputElement) || !row.classList.contains('bulk-check')) return;
    var form = row.getAttribute('form');
    var all = document.querySelector('input[data-bulk-all="' + form + '"]');
    if (!all) return;
    var rows = document.querySelectorAll('input.bulk-check[form="' + form + '"]');
    var every = true;
    for (var i = 0; i < rows.length; i++) if (!rows[i].checked) every = false;
    all.checked = every;
  }

  document.addEventListener('submit', onSubmit);
  document.addEventListener('change', onFileChange);
  document.addEventListener('change', onBulkAll);
  document.addEventListener('change', onBulkRow);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', focusErrorSummary);
  else focusErrorSummary();
})();

// Nothing typed is lost (issue 17, item 2).
// 1. Leaving a page with a form that was changed and not submitted (nor autosaved) asks first.
//    Forms that only ask (method GET: search, filters) and forms marked data-leave-ok are left out.
// 2. A form with data-autosave="URL" sends its text fields there every 15 s when changed and when
//    a field loses focus; the server saves the draft and answers the line to show
//    ("임시저장됨 10:42") and the draft's new version, which the form's hidden field takes.
(function () {
  'use strict';

  var unsaved = new Set();   // forms changed since they were last submitted or autosaved
  var toAutosave = new Set(); // autosave forms changed since their last autosave

  function guarded(form) {
    return form instanceof HTMLFormElement && !form.hasAttribute('data-leave-ok') &&
      (form.getAttribute('method') || 'get').toLowerCase() === 'post';
  }

  function onEdit(event) {
    var form = event.target && event.target.form;
    if (!form || !guarded(form)) return;
    unsaved.add(form);
    if (form.dataset.autosave && event.target.type !== 'file') toAutosave.add(form);
  }

  // Registered after the confirmation handler: a submit the person cancelled keeps the warning.
  // A submit while an autosave is on its way waits for it, then goes with the draft's new version
  // (otherwise the server would see an old version and refuse the save as a conflict).
  function onSubmitted(event) {
    var form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement)) return;
    unsaved.delete(form);
    toAutosave.delete(form);
    if (form.dataset.autosaving !== '1') return;
    event.preventDefault();
    var submitter = event.submitter;
    form.__ieumSubmitAfterSave = function () {
      if (submitter && submitter.name) {
        var pressed = document.createElement('input');
        pressed.type = 'hidden';
        pressed.name = submitter.name;
        pressed.value = submitter.value;
        form.appendChild(pressed);
      }
      HTMLFormElement.prototype.submit.call(form);
    };
  }

  function onLeave(event) {
    if (unsaved.size === 0) return undefined;
    event.preventDefault();
    event.returnValue = '';
    return '';
  }

  function hasChosenFile(form) {
    var inputs = form.querySelectorAll('input[type="file"]');
    for (var i = 0; i < inputs.length; i++) if (inputs[i].files && inputs[i].files.length > 0) return true;
    return false;
  }

  function draftBody(form) {
    var body = new URLSearchParams();
    for (var i = 0; i < form.elements.length; i++) {
      var field = form.elements[i];
      if (!field.name || field.disabled || field.type === 'file' || field.type === 'submit' || field.type === 'button') continue;
      body.append(field.name, field.value);
    }
    return body;
  }

  function autosave(form) {
    if (!toAutosave.has(form) || form.dataset.autosaving === '1') return;
    toAutosave.delete(form);
    form.dataset.autosaving = '1';
    var status = form.querySelector('[data-autosave-status]');
    fetch(form.dataset.autosave, {
      method: 'POST', body: draftBody(form), credentials: 'same-origin',
      headers: { 'Accept': 'application/json' }
    }).then(function (response) {
      return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; });
    }).then(function (result) {
      if (status && result.answer && result.answer.message) status.textContent = result.answer.message;
      if (!result.ok) return;
      if (form.elements.version && result.answer.version != null) form.elements.version.value = String(result.answer.version);
      if (!toAutosave.has(form) && !hasChosenFile(form)) unsaved.delete(form);
      form.dataset.autosavedAt = result.answer.savedAt || '';
    }).catch(function () {
      toAutosave.add(form);
      var ko = (document.documentElement.lang || 'ko') !== 'en';
      if (status) status.textContent = ko ? '임시저장하지 못했습니다. 연결을 확인하세요.' : 'Not saved as draft. Check your connection.';
    }).then(function () {
      delete form.dataset.autosaving;
      var submitNow = form.__ieumSubmitAfterSave;
      if (submitNow) { delete form.__ieumSubmitAfterSave; toAutosave.delete(form); unsaved.delete(form); submitNow(); }
      // typed while this one was on its way: save that too, now
      else if (toAutosave.has(form)) autosave(form);
    });
  }

  function autosaveAll() {
    toAutosave.forEach(function (form) { autosave(form); });
  }

  function onFieldLeft(event) {
    var form = event.target && event.target.form;
    if (form && form.dataset.autosave) autosave(form);
  }

  document.addEventListener('input', onEdit);
  document.addEventListener('change', onEdit);
  document.addEventListener('submit', onSubmitted);
  document.addEventListener('focusout', onFieldLeft);
  window.addEventListener('beforeunload', onLeave);
  window.setInterval(autosaveAll, 15000);
})();
