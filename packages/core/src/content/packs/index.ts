// The seed packs a deploy (and the local runtime at start) loads: one per sprint type in the catalog.
import gym from "./gym_3x_week.json";
import netPrompting from "./net_prompting.json";

export const SEED_PACKS: readonly unknown[] = [netPrompting, gym];
