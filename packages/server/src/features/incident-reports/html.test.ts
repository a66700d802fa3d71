import { describe, expect, it } from 'vitest';
import { escapeHtml, html, htmlDocument, table, tlpBanner } from './html.ts';

describe('report HTML', () => {
  it('escapes every interpolated value, nested fragments once', () => {
    const title = `<img src=x onerror="alert('x')">&`;
    expect(html`<td>${title}</td>`.value).toBe(
      '<td>&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;</td>',
    );
    expect(html`<p>${html`<b>${'<i>'}</b>`}</p>`.value).toBe('<p><b>&lt;i&gt;</b></p>');
    expect(escapeHtml('a & b')).toBe('a &amp; b');
  });

  it('builds tables of escaped cells, or says there is nothing', () => {
    expect(table(['A'], [['<x>']], 'none').value).toContain('<td>&lt;x&gt;</td>');
    expect(table(['A'], [], 'Nothing <here>').value).toBe('<p class="empty">Nothing &lt;here&gt;</p>');
  });

  it('makes an inert document: no script allowed, the title escaped, the TLP marked', () => {
    const page = htmlDocument('</title><script>x</script>', html`${tlpBanner('amber+strict')}`);
    expect(page).toContain("content=\"default-src 'none'; style-src 'unsafe-inline'\"");
    expect(page).toContain('<title>&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;</title>');
    expect(page).toContain('<span class="tlp tlp-amber-strict">TLP:AMBER+STRICT</span>');
    expect(page).not.toContain('<script>');
  });
});
