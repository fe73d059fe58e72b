import GNN2GNN
print("{}")
