/* A record's page in tabs (templates/admin/tendlc/change_form.html, tendlc/admin/tabs.py).
 *
 * Without this script every section stands one under another and the tab list is a list of links to them.
 * With it, one section is shown at a time (the WAI-ARIA tabs pattern: the arrow keys, Home and End move
 * between tabs and open them, Space opens the focused one). The open tab is kept in the address's hash
 * (#tab-<slug>), so a reload or Back returns to it; a link to a section (#panel-<slug>) opens its tab.
 * After a failed save the first tab holding an error is opened whatever the hash says, so no error waits in
 * a closed tab; a compliance finding that arrives later beside a field (static/tendlc/live_findings.js)
 * marks its tab. The form's buttons show only under a tab holding the form's fields.
 */
document.addEventListener('DOMContentLoaded', () => {
  'use strict';

  const nav = document.querySelector('[data-record-tabs]');
  if (!nav) return;
  const list = nav.querySelector('ul');
  const tabs = [...list.querySelectorAll('a[data-tab]')];
  const panelOf = (tab) => document.getElementById('panel-' + tab.dataset.tab);
  if (!tabs.length || tabs.some((tab) => !panelOf(tab))) return;
  const submitRows = [...nav.closest('form').querySelectorAll('.submit-row')];

  list.setAttribute('role', 'tablist');
  for (const tab of tabs) {
    const panel = panelOf(tab);
    tab.parentElement.setAttribute('role', 'presentation');
    tab.setAttribute('role', 'tab');
    tab.setAttribute('aria-controls', panel.id);
    panel.setAttribute('role', 'tabpanel');
    panel.setAttribute('aria-labelledby', tab.id);
    panel.tabIndex = 0;
  }

  function open(tab, remember) {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      panelOf(other).hidden = !selected;
    }
    const holdsForm = panelOf(tab).hasAttribute('data-tab-form');
    for (const row of submitRows) row.hidden = !holdsForm;
    if (remember) history.replaceState(history.state, '', '#tab-' + tab.dataset.tab);
  }

  function named() {
    const slug = decodeURIComponent(location.hash).replace(/^#(tab|panel)-/, '');
    return tabs.find((tab) => tab.dataset.tab === slug);
  }

  list.addEventListener('click', (event) => {
    const tab = event.target.closest('[role="tab"]');
    if (!tab) return;
    event.preventDefault();
    open(tab, true);
  });

  const KEYS = { ArrowRight: 1, ArrowLeft: -1 };
  list.addEventListener('keydown', (event) => {
    const index = tabs.indexOf(document.activeElement);
    if (index < 0) return;
    let next;
    if (event.key in KEYS) next = (index + KEYS[event.key] + tabs.length) % tabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = tabs.length - 1;
    else if (event.key === ' ') next = index;
    else return;
    event.preventDefault();
    open(tabs[next], true);
    tabs[next].focus();
  });

  window.addEventListener('hashchange', () => {
    const tab = named();
    if (tab) open(tab, true);
  });

  // Live findings are filled in beside the form's fields after the page loads and as the user types.
  const FLAGGED = '.errorlist li, .tendlc-finding-error';
  const formTabs = tabs.filter((tab) => panelOf(tab).hasAttribute('data-tab-form'));
  const flag = () => {
    for (const tab of formTabs) tab.toggleAttribute('data-tab-finding', Boolean(panelOf(tab).querySelector(FLAGGED)));
  };
  const observer = new MutationObserver(flag);
  for (const tab of formTabs) observer.observe(panelOf(tab), { childList: true, subtree: true });
  flag();

  const failed = tabs.find((tab) => tab.hasAttribute('data-tab-error'));
  const chosen = failed || named();
  open(chosen || tabs[0], Boolean(chosen));
});
