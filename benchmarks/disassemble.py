#!/usr/bin/env python3
"""Disassembles a method C2 compiled, without hsdis.

HotSpot prints a compiled method's machine code as hex ([MachCode]) when asked, even with no
disassembler plugin; this turns the last C2 compile of a method into objdump's listing. Usage:

  java --add-modules jdk.incubator.vector -XX:+UnlockDiagnosticVMOptions \\
       -XX:CompileCommand=print,*GemmBlocksFloat256::block6x2Packed -cp ... MAIN ... > out.txt
  python3 benchmarks/disassemble.py out.txt GemmBlocksFloat256::block6x2Packed

(binutils' objdump on the PATH). Debian's libhsdis0-fcml answers to an older interface than JDK 17
asks for, so this is the way to see what C2 made of a kernel: how many fused multiply-adds a loop
holds, and whether bounds checks (cmp/jae) stayed in it (docs/PERFORMANCE.md).
"""
import re
import subprocess
import sys


def compiles(lines, method):
    """(start address, bytes) of each C2 compile of method, in the order printed."""
    found = []
    i = 0
    while i < len(lines):
        if lines[i].startswith('Compiled method (c2)') and method in lines[i]:
            j = i
            while '[MachCode]' not in lines[j]:
                j += 1
            start, data = None, bytearray()
            k = j + 1
            while '[/MachCode]' not in lines[k]:
                m = re.match(r'\s+0x([0-9a-f]+): ((?:[0-9a-f]{4} ?|\| )+)\s*$', lines[k])
                if m:
                    if start is None:
                        start = int(m.group(1), 16)
                    for word in m.group(2).replace('|', ' ').split():
                        data += bytes.fromhex(word)
                k += 1
            found.append((start, data))
            i = k
        i += 1
    return found


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    lines = open(sys.argv[1], encoding='utf-8', errors='replace').read().split('\n')
    found = compiles(lines, sys.argv[2])
    if not found:
        sys.exit('no C2 compile of %s in %s' % (sys.argv[2], sys.argv[1]))
    start, data = found[-1]
    with open('/tmp/gradus-machcode.bin', 'wb') as f:
        f.write(data)
    listing = subprocess.run(['objdump', '-D', '-b', 'binary', '-mi386:x86-64', '--adjust-vma=%#x' % start,
                              '/tmp/gradus-machcode.bin'], capture_output=True, text=True, check=True).stdout
    print(listing)


if __name__ == '__main__':
    main()
