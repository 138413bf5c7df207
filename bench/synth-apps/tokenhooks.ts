import { TeamToken, TokenHooksProvider } from "../../src";
import { BENCH_TEAM_ID, synthAndReport } from "./synth-and-report";

synthAndReport((stack, count) => {
  new TokenHooksProvider(stack, "tokenhooks");
  for (let i = 0; i < count; i++) new TeamToken(stack, `token${i}`, { teamId: BENCH_TEAM_ID, description: `bench ${i}` });
});
