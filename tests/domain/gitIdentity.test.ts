/**
 * Names and addresses in the git record (domain/gitIdentity.ts) and the trailers of our commit
 * messages (domain/commitTrailers.ts), the latter checked against stock `git interpret-trailers`.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { accountEmail, gitName, MAX_GIT_NAME_LENGTH } from '../../src/domain/gitIdentity.js';
import { messageParts, messageText, withTrailers } from '../../src/domain/commitTrailers.js';

/** What git accepts in an identity's name (as the git store checks it). */
function validGitName(name: string): boolean {
  return name.trim() === name && name.length > 0 && name.length <= MAX_GIT_NAME_LENGTH && !/[<>\u0000-\u001f\u007f]/.test(name);
}

describe('gitName', () => {
  it('is "naam (organisatie)" when it fits, and cleans what git cannot hold', () => {
    expect(gitName('Jan Jansen', 'Gemeente Amsterdam')).toBe('Jan Jansen (Gemeente Amsterdam)');
    expect(gitName('Jan Jansen')).toBe('Jan Jansen');
    expect(gitName('Jan Jansen', null)).toBe('Jan Jansen');
    expect(gitName('Jan <jan@example.org>\nJansen')).toBe('Jan jan@example.org Jansen');
    expect(gitName('  ', '')).toBe('Onbekend');
    expect(gitName('Lone \ud800 surrogate')).toBe('Lone \ufffd surrogate');
  });

  it('shortens a long name and organisation on whole characters, keeping part of both', () => {
    const naam = 'Johanna Wilhelmina Maria van der Berg-Oranje-Nassau '.repeat(4).trim(); // > 200
    const org = 'Gemeenschappelijke Regeling Samenwerkende Gemeenten in de Regio '.repeat(4).trim();
    for (const [n, o] of [[naam, org], ['Jan', org], [naam, 'VNG'], [naam, null], ['😀'.repeat(150), 'e\u0301'.repeat(150)]] as const) {
      const name = gitName(n, o);
      expect(validGitName(name), name).toBe(true);
      expect(name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/); // never half a surrogate pair
      if (o !== null) expect(name).toMatch(/\)$/);
    }
    expect(gitName('Jan', org)).toMatch(/^Jan \(Gemeenschappelijke Regeling .*…\)$/);
    expect(gitName(naam, 'VNG')).toMatch(/^Johanna .*… \(VNG\)$/);
    expect(gitName(naam, org).length).toBe(MAX_GIT_NAME_LENGTH);
    // A combining accent stays with its letter.
    expect(gitName('e\u0301'.repeat(150), null)).toMatch(/^(e\u0301)+…$/);
  });
});

describe('accountEmail', () => {
  it('is a fixed, non-personal address per account under a reserved domain', () => {
    expect(accountEmail('gbr_AbC-12_x')).toBe('gbr_AbC-12_x@gebruikers.principes.invalid');
    expect(accountEmail('a b<c>')).toBe('a-b-c-@gebruikers.principes.invalid');
    expect(accountEmail('')).toBe('onbekend@gebruikers.principes.invalid');
  });
});

describe('commit trailers', () => {
  function gitTrailers(message: string): string {
    return execFileSync('git', ['interpret-trailers', '--parse'], { input: message, encoding: 'utf8' });
  }

  it('writes a trailer block that stock git parses, also after a Markdown rule in the text', () => {
    const body = 'Eerste alinea.\n\n---\n\nNa de lijn.\n--- ook dit\n\\--- en dit\nZie: bijlage';
    const message = withTrailers(`Amendement 4: Titel\n\n${messageText(body)}`, [
      { key: 'Amendement', value: '4' },
      { key: 'Indiener', value: 'Jan\nJansen' },
      { key: 'Leeg', value: '' },
    ]);
    expect(gitTrailers(message)).toBe('Amendement: 4\nIndiener: Jan Jansen\n');
    const parts = messageParts(message);
    expect(parts.subject).toBe('Amendement 4: Titel');
    expect(parts.body).toBe(body);
    expect(parts.trailers).toEqual([
      { key: 'Amendement', value: '4' },
      { key: 'Indiener', value: 'Jan Jansen' },
    ]);
  });

  it('finds no trailers when the last paragraph is ordinary text', () => {
    expect(messageParts('Onderwerp\n\nGewone tekst.\nMet: iets')).toEqual({ subject: 'Onderwerp', body: 'Gewone tekst.\nMet: iets', trailers: [] });
    expect(messageParts('Alleen een onderwerp')).toEqual({ subject: 'Alleen een onderwerp', body: '', trailers: [] });
  });
});
