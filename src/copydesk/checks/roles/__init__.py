"""What role-conflict (checks/role_conflict.py) works from, one job a module: claims (each
mention giving a person a role, with the country or body it belongs to)."""
