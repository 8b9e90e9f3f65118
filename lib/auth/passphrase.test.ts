import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../db";
import { generatePassphrase, hashPassphrase, PASSPHRASE_HASH_KEY, passphraseVersion, resolvePassphrase, verifyPassphrase } from "./passphrase";

const FAST = { N: 1024, r: 8, p: 1 };

describe("hashPassphrase / verifyPassphrase", () => {
  it("verifies the right passphrase and refuses others", async () => {
    const hash = await hashPassphrase("correct horse battery", FAST);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassphrase("correct horse battery", hash)).toBe(true);
    expect(await verifyPassphrase("correct horse batterY", hash)).toBe(false);
    expect(await verifyPassphrase("", hash)).toBe(false);
  });

  it("salts every hash, and stores the cost it used", async () => {
    const a = await hashPassphrase("same passphrase here", FAST);
    const b = await hashPassphrase("same passphrase here", FAST);
    expect(a).not.toBe(b);
    expect(await verifyPassphrase("same passphrase here", b)).toBe(true);
    const strong = await hashPassphrase("same passphrase here");
    expect(strong.split("$").slice(1, 4)).toEqual(["32768", "8", "1"]);
    expect(await verifyPassphrase("same passphrase here", strong)).toBe(true);
  });

  it("treats Unicode forms of the same text alike", async () => {
    const hash = await hashPassphrase("caf\u00e9 au lait, s'il vous plait", FAST);
    expect(await verifyPassphrase("cafe\u0301 au lait, s'il vous plait", hash)).toBe(true);
  });

  it.each(["", "plain", "scrypt$1024$8$1$salt", "md5$1$1$1$a$b", "scrypt$0$8$1$AAAA$AAAA", "scrypt$99999999$8$1$AAAA$" + "A".repeat(43)])(
    "never matches a malformed hash %j",
    async (stored) => {
      expect(await verifyPassphrase("anything at all", stored)).toBe(false);
    },
  );
});

describe("generatePassphrase", () => {
  it("makes five readable groups, different every time", () => {
    const seen = new Set(Array.from({ length: 50 }, generatePassphrase));
    expect(seen.size).toBe(50);
    for (const p of seen) expect(p).toMatch(/^[a-km-np-z2-9]{4}(-[a-km-np-z2-9]{4}){4}$/);
  });
});

describe("resolvePassphrase", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "sumppump-auth-"));
  const dbs: ReturnType<typeof openDatabase>[] = [];
  const fresh = () => {
    const db = openDatabase(path.join(dir, `${dbs.length}.db`));
    dbs.push(db);
    return db;
  };
  afterAll(async () => Promise.all(dbs.map((db) => db.$disconnect())));
  const storedHash = async (db: ReturnType<typeof openDatabase>) => (await db.setting.findUniqueOrThrow({ where: { key: PASSPHRASE_HASH_KEY } })).value;

  it("generates one on first start, returns it once, and only its hash is stored", async () => {
    const db = fresh();
    const first = await resolvePassphrase(db, {});
    expect(first.source).toBe("generated");
    expect(first.generated).toBeDefined();
    const hash = await storedHash(db);
    expect(hash).not.toContain(first.generated!);
    expect(await verifyPassphrase(first.generated!, hash)).toBe(true);

    const again = await resolvePassphrase(db, {});
    expect(again).toEqual({ source: "stored", changed: false });
    expect(await storedHash(db)).toBe(hash);
  });

  it("uses SUMPPUMP_PASSPHRASE, re-hashing only when it changes", async () => {
    const db = fresh();
    await resolvePassphrase(db, {});
    const set = await resolvePassphrase(db, { SUMPPUMP_PASSPHRASE: "my own passphrase 1" });
    expect(set).toEqual({ source: "environment", changed: true });
    const hash = await storedHash(db);
    expect(await verifyPassphrase("my own passphrase 1", hash)).toBe(true);
    expect(await resolvePassphrase(db, { SUMPPUMP_PASSPHRASE: "my own passphrase 1" })).toEqual({ source: "environment", changed: false });
    expect(await storedHash(db)).toBe(hash);

    await resolvePassphrase(db, { SUMPPUMP_PASSPHRASE: "my own passphrase 2" });
    const changed = await storedHash(db);
    expect(passphraseVersion(changed)).not.toBe(passphraseVersion(hash));
    expect(await verifyPassphrase("my own passphrase 1", changed)).toBe(false);
  });

  it("makes a new one on request, replacing a forgotten one", async () => {
    const db = fresh();
    const old = await resolvePassphrase(db, {});
    const renewed = await resolvePassphrase(db, {}, { regenerate: true });
    expect(renewed.generated).toBeDefined();
    expect(renewed.generated).not.toBe(old.generated);
    expect(await verifyPassphrase(old.generated!, await storedHash(db))).toBe(false);
    expect(await verifyPassphrase(renewed.generated!, await storedHash(db))).toBe(true);
  });
});
