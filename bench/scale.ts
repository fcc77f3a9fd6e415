import type { Benchmark } from "./engine";
export const scaleBenchmarks: Benchmark[] = [];
