"""Certificate screens, one module each with its routes: the public verify page (verify.py), the
private downloads (downloads.py) and HR's certificate register (register.py)."""
