"""audit: the append-only Event log every room writes (the proof the press rules ask for).

Ground floor above `common`: never imports a domain room; other models are named by string.
"""
