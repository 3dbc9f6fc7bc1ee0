"""The page's stylesheet, the scripts of its HTML panes (citation cards, document view, meeting
record card, meetings table), and the login page's Vietnamese texts."""

CSS = """
.qa-cards { display: flex; flex-direction: column; gap: 8px; }
.qa-cards-head { font-weight: 600; margin: 4px 0; }
.qa-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px;
  cursor: pointer; background: var(--background-fill-primary); }
.qa-card:hover, .qa-card:focus { border-color: var(--color-accent); outline: none;
  box-shadow: 0 0 0 2px var(--color-accent-soft); }
.qa-card.qa-cited { border-left: 4px solid var(--color-accent); }
.qa-card-head { font-weight: 600; }
.qa-num { color: var(--color-accent); }
.qa-meta { font-size: 0.85em; opacity: 0.75; margin: 2px 0 4px; }
.qa-text { white-space: pre-wrap; font-size: 0.92em; line-height: 1.45; }
.qa-viewer-head { font-weight: 600; font-size: 1.05em; }
.qa-doc-text { white-space: pre-wrap; line-height: 1.5; font-size: 0.93em; }
.qa-target { background: #fff6d0; border-radius: 3px; }
.qa-examples-label { font-size: 0.9em; opacity: 0.8; }
.qa-page { display: block; text-align: center; opacity: 0.6; margin: 8px 0; font-size: 0.85em; }
mark { background: #ffe066; color: inherit; padding: 0 1px; }
.qa-answer { text-decoration: underline; }
.qa-empty, .qa-notice { opacity: 0.7; font-style: italic; }
.qa-error { color: #b00020; }
#qa-docs .wrap { max-height: 300px; overflow-y: auto; }
#qa-docs label { font-size: 0.9em; }
#qa-viewer { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px; }
.qa-record { border: 1px solid var(--border-color-primary); border-left: 4px solid var(--color-accent);
  border-radius: 8px; padding: 8px 10px; font-size: 0.9em; }
.qa-record-head { font-weight: 600; margin-bottom: 4px; }
.qa-kind { display: inline-block; font-size: 0.85em; font-weight: 600; padding: 1px 6px; margin-right: 4px;
  border-radius: 4px; background: var(--color-accent-soft); }
.qa-record-fields { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 0; }
.qa-record-fields dt { opacity: 0.75; }
.qa-record-fields dd { margin: 0; }
.qa-record-fields ul { margin: 0 !important; padding: 0 !important; list-style: none !important; }
.qa-record-fields li { margin: 0 0 2px !important; padding-left: 0.9em; text-indent: -0.9em; }
.qa-record-fields li::before { content: "• "; }
.qa-src { cursor: pointer; text-decoration: underline dotted; text-underline-offset: 2px; }
.qa-src:hover, .qa-src:focus { background: #fff6d0; text-decoration-style: solid; outline: none; }
.qa-meetings { width: 100%; border-collapse: collapse; font-size: 0.92em; }
.qa-meetings th { text-align: left; border-bottom: 1px solid var(--border-color-primary); padding: 4px 6px; }
.qa-meetings td { vertical-align: top; padding: 4px 6px; border-bottom: 1px solid var(--border-color-primary); }
.qa-meeting { cursor: pointer; }
.qa-meeting:hover, .qa-meeting:focus { background: var(--color-accent-soft); outline: none; }
.qa-meeting .qa-doc { font-size: 0.85em; opacity: 0.7; }
"""


def click_js(selector: str, data: str) -> str:
    """The script of an HTML pane whose ``selector`` items open something: a click on one, or
    Enter or Space on one, triggers the pane's ``click`` event with ``data``, a JS object built
    from the ``item``."""
    return f"""
const open = (item) => trigger('click', {data});
element.addEventListener('click', (e) => {{
  const item = e.target.closest('{selector}');
  if (item) open(item);
}});
element.addEventListener('keydown', (e) => {{
  const item = e.target.closest('{selector}');
  if (item && (e.key === 'Enter' || e.key === ' ')) {{ e.preventDefault(); open(item); }}
}});
"""


CARDS_JS = click_js(".qa-card", "{n: Number(item.dataset.n)}")
MEETINGS_JS = click_js(".qa-meeting", "{n: Number(item.dataset.n)}")
RECORD_JS = click_js(".qa-src", "{start: Number(item.dataset.start), end: Number(item.dataset.end)}")

VIEWER_JS = """
// Scroll the viewer's own box to the cited passage; bring the viewer into the page's view
// only when it is off screen (narrow layouts stack it below the chat).
const show = () => {
  const target = element.querySelector('#qa-target');
  if (!target) return;
  let box = target.parentElement;
  while (box && box !== document.body) {
    const overflow = getComputedStyle(box).overflowY;
    if ((overflow === 'auto' || overflow === 'scroll') && box.scrollHeight > box.clientHeight) break;
    box = box.parentElement;
  }
  if (box && box !== document.body) {
    const delta = target.getBoundingClientRect().top - box.getBoundingClientRect().top;
    box.scrollTop += delta - box.clientHeight / 5;
  } else {
    target.scrollIntoView({block: 'center'});
  }
  const r = element.getBoundingClientRect();
  if (r.bottom < 80 || r.top > window.innerHeight - 80) element.scrollIntoView({block: 'start'});
};
watch('value', () => setTimeout(show, 30));
"""


# Gradio's login page has no Vietnamese texts (and loads neither the app's CSS nor its
# translations): this stylesheet, sent in its message, shows them in place of the English ones.
LOGIN_CSS = """
.wrap:has(p.auth) h2, .wrap:has(p.auth) [data-testid="block-info"], .wrap:has(p.auth) button.primary,
.wrap:has(p.auth) p.creds { font-size: 0 !important; }
.wrap:has(p.auth) h2::after { content: "Đăng nhập"; font-size: var(--text-xxl); }
.wrap:has(p.auth) label:has(input[type=text]) [data-testid="block-info"]::after {
  content: "Tên đăng nhập"; font-size: var(--block-info-text-size); }
.wrap:has(p.auth) label:has(input[type=password]) [data-testid="block-info"]::after {
  content: "Mật khẩu"; font-size: var(--block-info-text-size); }
.wrap:has(p.auth) button.primary::after { content: "Đăng nhập"; font-size: var(--button-large-text-size); }
.wrap:has(p.auth) p.creds::after { content: "Sai tên đăng nhập hoặc mật khẩu (hoặc đang tạm khóa).";
  font-size: var(--text-md); }
"""
