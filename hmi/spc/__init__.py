"""Statistical process control at the station: limit sets, Western Electric / Nelson rules, capability.

Qt-free. The pure parts (constants, limits, rules, capability, the characteristic engine) take their
time and data from the caller, so ``hmi spc check`` and the live station run the same code.
"""
