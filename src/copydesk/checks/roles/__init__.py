"""What role-conflict (checks/role_conflict.py) works from, one job a module: claims (each
mention giving a person a role, with the country or body it belongs to), archive (what the
archive's claims tell of roles: who holds which, when, settled where, of which
nationality, and which titles several people hold at once) and house_verdicts (what the
house list says of each claim: confirmed, or contradicted with the holder it expects)."""
