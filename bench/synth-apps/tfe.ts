import { TfeProvider } from "@cdktf/provider-tfe/lib/provider";
import { TeamToken } from "@cdktf/provider-tfe/lib/team-token";
import { BENCH_TEAM_ID, synthAndReport } from "./synth-and-report";

synthAndReport((stack, count) => {
  new TfeProvider(stack, "tfe");
  for (let i = 0; i < count; i++) new TeamToken(stack, `token${i}`, { teamId: BENCH_TEAM_ID, description: `bench ${i}` });
});
