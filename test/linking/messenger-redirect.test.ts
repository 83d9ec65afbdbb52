import fc from 'fast-check';
import {
  checkMessengerRedirect,
  MESSENGER_REDIRECT_BASES,
  messengerReturn,
} from '../../src/linking/messenger-linking';

/** Messenger's redirect_uri is the only place linking sends a browser to: no open redirect. */
describe('checkMessengerRedirect', () => {
  const meta = MESSENGER_REDIRECT_BASES[0]!;

  it("accepts Meta's account-linking URL with its token, and appends the code on return", () => {
    const uri = `${meta}?account_linking_token=ARRabc`;
    expect(checkMessengerRedirect(uri, MESSENGER_REDIRECT_BASES)).toBe(uri);
    expect(messengerReturn(uri, 'code-123')).toBe(`${uri}&authorization_code=code-123`);
    expect(messengerReturn(uri)).toBe(uri);
  });

  it.each([
    'https://www.facebook.com.evil.example/messenger_platform/account_linking/',
    'http://www.facebook.com/messenger_platform/account_linking/',
    'https://www.facebook.com:8443/messenger_platform/account_linking/',
    'https://www.facebook.com/messenger_platform/account_linking/../../logout',
    'https://www.facebook.com/messenger_platform/account_linking/x',
    'https://user:pass@www.facebook.com/messenger_platform/account_linking/',
    'https://www.facebook.com/messenger_platform/account_linking/#frag',
    'javascript:alert(1)',
    '//www.facebook.com/messenger_platform/account_linking/',
    'not a url',
  ])('refuses %s', (uri) => {
    expect(() => checkMessengerRedirect(uri, MESSENGER_REDIRECT_BASES)).toThrow(
      expect.objectContaining({ code: 'TELLER_ERR_LINK_REDIRECT' }),
    );
  });

  it('accepts exactly the allowed origin and path, whatever the query (property)', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (uri) => {
        const url = new URL(uri);
        const allowed =
          `${url.origin}${url.pathname}` === meta && !url.hash && !url.username && !url.password;
        let ok = true;
        try {
          checkMessengerRedirect(uri, MESSENGER_REDIRECT_BASES);
        } catch {
          ok = false;
        }
        expect(ok).toBe(allowed);
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.string()), (params) => {
        const url = new URL(meta);
        for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
        expect(checkMessengerRedirect(url.href, MESSENGER_REDIRECT_BASES)).toBe(url.href);
      }),
    );
  });
});
