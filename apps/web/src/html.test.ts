import { describe, expect, it } from 'vitest';
import { escapeHtml, html, layout } from './html.js';
import { profilePage, roomsPage } from './pages.js';

describe('escapeHtml and html``', () => {
  it('escapes the five HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('escapes interpolations but not nested html`` results', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}${['<x>', html`<y>`]}${undefined}${false}</p>`.html).toBe(
      '<p><b>&lt;i&gt;</b>&lt;x&gt;<y></p>',
    );
  });

  it('puts the CSRF token in the sign-out form only for signed-in pages', () => {
    expect(layout({ title: 'T', page: 'p', csrfToken: 'tok"en' }, html``)).toContain(
      '<input type="hidden" name="csrf" value="tok&quot;en">',
    );
    expect(layout({ title: 'T', page: 'p' }, html``)).not.toContain('name="csrf"');
  });
});

describe('pages', () => {
  it('escape what DocSpace users typed (names, room titles)', () => {
    const evil = '<script>alert(1)</script>';
    const rooms = roomsPage({ rooms: [{ id: 1, title: evil, type: 'Custom' }], csrfToken: 't' }).body;
    const profile = profilePage({
      profile: {
        id: 'u',
        displayName: evil,
        email: undefined,
        userName: undefined,
        role: 'User',
        registrationDate: undefined,
      },
      claims: { sub: evil },
      csrfToken: 't',
    }).body;
    for (const body of [rooms, profile]) {
      expect(body).not.toContain('<script>');
      expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });
});
