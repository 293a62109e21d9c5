// The request log's address: a credential in the query (an OIDC provider's code, a token) is
// logged without its value, everything else as sent.
import { loggedUrl } from '../../api/app';

describe('loggedUrl', () => {
  test.each([
    ['/dang-nhap/oidc/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj', '/dang-nhap/oidc/callback?code=[redacted]&state=af0ifjsldkj'],
    ['/dang-nhap/oidc/callback?state=af0&code=abc', '/dang-nhap/oidc/callback?state=af0&code=[redacted]'],
    ['/x?id_token=eyJ.a.b&access_token=t1&refresh_token=t2&token=t3', '/x?id_token=[redacted]&access_token=[redacted]&refresh_token=[redacted]&token=[redacted]'],
    ['/x?CODE=abc#frag', '/x?CODE=[redacted]#frag'],
  ])('%s is logged as %s', (url, logged) => {
    expect(loggedUrl(url)).toBe(logged);
  });

  test.each(['/ho-so?trang-thai=consultation&sau=abc', '/v1/cadres?q=code&unitId=1', '/x?postcode=700000', '/x?zipcode=1&tokens=2'])('%s is logged as sent', (url) => {
    expect(loggedUrl(url)).toBe(url);
  });
});
