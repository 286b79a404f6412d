// Fails when src/api/schema.d.ts is not what functions/platform/openapi.json generates today
// (the document's own freshness is a Python unit test). Fix with `npm run api`.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const committed = "src/api/schema.d.ts";
const dir = mkdtempSync(join(tmpdir(), "shop-api-"));
try {
  const fresh = join(dir, "schema.d.ts");
  execFileSync("node_modules/.bin/openapi-typescript", ["../functions/platform/openapi.json", "-o", fresh], { stdio: "ignore" });
  if (readFileSync(fresh, "utf8") !== readFileSync(committed, "utf8")) {
    console.error(`${committed} is stale: functions/platform/openapi.json changed. Run \`npm run api\` in web/ and commit.`);
    process.exit(1);
  }
  console.log(`${committed}: up to date with functions/platform/openapi.json`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
