def log = new File(basedir, 'build.log').text
assert new File(basedir, 'target/generated-sources/gradus/demo/Xor.java').isFile()
assert log.contains('Tests run: 1, Failures: 0, Errors: 0')
assert log.contains('BUILD SUCCESS')
