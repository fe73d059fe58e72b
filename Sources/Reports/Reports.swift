import NASBench
