def log = new File(basedir, 'build.log').text
assert log.contains('Skipping Gradus code generation: gradus.skip is set')
assert !log.contains('bad.net')
assert !new File(basedir, 'target/generated-sources/gradus').exists()
assert !new File(basedir, 'target/generated-test-sources/gradus').exists()
assert log.contains('gradus:generate')
assert log.contains('gradus:generate-test')
assert log.contains('User property: gradus.precision')
