import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { loadConfig } from "./app/config";
import { createServices, ServicesProvider } from "./app/services";
import "./styles.css";

const root = createRoot(document.getElementById("root")!);

loadConfig()
  .then((config) => {
    const services = createServices(config);
    root.render(
      <StrictMode>
        <ServicesProvider services={services}>
          <QueryClientProvider client={services.queryClient}>
            <App />
          </QueryClientProvider>
        </ServicesProvider>
      </StrictMode>,
    );
  })
  .catch((error: unknown) => {
    root.render(
      <main className="page">
        <h1>The shop could not start</h1>
        <p role="alert">{error instanceof Error ? error.message : String(error)}. Please reload the page.</p>
      </main>,
    );
  });

if ("serviceWorker" in navigator && import.meta.env.PROD) {
  window.addEventListener("load", () => void navigator.serviceWorker.register("/sw.js"));
}
