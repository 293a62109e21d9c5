import { hashPassword, randomPassword, verifyPassword } from '../../infra/passwords';

describe('web sign-in passwords', () => {
  it('stores a salted scrypt hash that verifies the password and nothing else', async () => {
    const password = 'Mật khẩu đủ dài 2026';
    const [one, two] = await Promise.all([hashPassword(password), hashPassword(password)]);
    expect(one).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(one).not.toBe(two);
    expect(one).not.toContain(password);
    await expect(verifyPassword(password, one)).resolves.toBe(true);
    await expect(verifyPassword(password.normalize('NFD'), one)).resolves.toBe(true);
    await expect(verifyPassword('Mật khẩu đủ dài 2027', one)).resolves.toBe(false);
  });

  it('refuses every password of a user without one', async () => {
    await expect(verifyPassword('anything at all', null)).resolves.toBe(false);
    await expect(verifyPassword('', 'garbage')).resolves.toBe(false);
  });

  it('makes random first passwords of 20 characters', () => {
    const a = randomPassword();
    expect(a).toMatch(/^[a-zA-Z2-9]{20}$/);
    expect(randomPassword()).not.toBe(a);
  });
});
