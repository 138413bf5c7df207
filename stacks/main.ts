import { App } from "cdktf";
import { AgentsStack } from "./agents-stack";
import { CredentialsStack } from "./credentials-stack";
import { PipelineStack } from "./pipeline-stack";
import { settingsFromEnv } from "./settings";

const settings = settingsFromEnv();
const app = new App();
new CredentialsStack(app, "credentials", settings);
for (const environment of ["staging", "production"]) new PipelineStack(app, `pipeline-${environment}`, environment, settings);
new AgentsStack(app, "agents", settings);
app.synth();
