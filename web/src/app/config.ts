/** Runtime configuration, written next to index.html at deploy so that one build serves every stage. */
export interface RuntimeConfig {
  apiUrl: string;
  userPoolId: string;
  userPoolClientId: string;
  stage: string;
}

export async function loadConfig(): Promise<RuntimeConfig> {
  const response = await fetch("/config.json", { cache: "no-cache" });
  if (!response.ok) throw new Error(`config.json answered ${response.status}`);
  const config = (await response.json()) as Partial<RuntimeConfig>;
  if (!config.apiUrl) throw new Error("config.json has no apiUrl");
  return {
    apiUrl: config.apiUrl.replace(/\/+$/, ""),
    userPoolId: config.userPoolId ?? "",
    userPoolClientId: config.userPoolClientId ?? "",
    stage: config.stage ?? "local",
  };
}
