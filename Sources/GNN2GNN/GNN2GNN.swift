@_exported import NASBench
@_exported import FileIO
@_exported import TensorCore
@_exported import GraphNets
@_exported import Reports
