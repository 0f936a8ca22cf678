def log = new File(basedir, 'build.log').text
assert log.contains('bad.net:4:11: error: W @ x: [2, 4] @ [3]: inner dimensions 4 and 3 differ')
assert log.contains("bad.net:5:16: error: unknown name 'q'")
assert log.contains('BUILD FAILURE')
assert !new File(basedir, 'target/generated-sources/gradus/Bad.java').exists()
