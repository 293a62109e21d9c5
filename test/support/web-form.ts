// The web app's sign-in form as a browser without script sends it: its sign-in cookie and the
// CSRF field from the page, then the form.

export interface FormAnswer {
  status: number;
  location: string | null;
  cookies: string[];
}

export async function webSignIn(url: string, username: string, password: string, headers: Record<string, string> = {}): Promise<FormAnswer> {
  const form = await fetch(new URL('/dang-nhap', url), { headers });
  const signInCookie = form.headers
    .getSetCookie()
    .find((c) => c.startsWith('cr_signin='))!
    .split(';')[0];
  const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())![1];
  const res = await fetch(new URL('/dang-nhap', url), {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', cookie: signInCookie },
    body: new URLSearchParams({ csrf, username, password }).toString(),
  });
  return { status: res.status, location: res.headers.get('location'), cookies: res.headers.getSetCookie() };
}
