def log = new File(basedir, 'build.log').text
assert new File(basedir, 'target/generated-sources/gradus/demo/Xor.java').isFile()
assert new File(basedir, 'target/generated-test-sources/gradus/demo/Line.java').isFile()
assert new File(basedir, 'target/classes/demo/Xor.class').isFile()
assert !new File(basedir, 'target/classes/demo/Line.class').exists()
assert log.contains('Tests run: 2, Failures: 0, Errors: 0')
assert log.contains('BUILD SUCCESS')
