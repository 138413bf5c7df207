import { App } from "cdktf";
import { CredentialsStack } from "./credentials-stack";
import { PipelineStack } from "./pipeline-stack";
import { settingsFromEnv } from "./settings";

const settings = settingsFromEnv();
const app = new App();
new CredentialsStack(app, "credentials", settings);
for (const environment of ["staging", "production"]) new PipelineStack(app, `pipeline-${environment}`, environment, settings);
app.synth();
