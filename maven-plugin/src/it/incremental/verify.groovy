def log = new File(basedir, 'build.log').text
assert log.contains('Generated trainers from 2 of 2 .net files')
assert log.contains('Gradus trainers are up to date (2 files)')
assert log.contains('Removed 1 generated file of .net files that are gone')
assert !new File(basedir, 'src/main/gradus/demo/old.net').exists()
// The deleted model's source and class are gone; the other model's stay.
assert !new File(basedir, 'target/generated-sources/gradus/demo/Old.java').exists()
assert !new File(basedir, 'target/classes/demo/Old.class').exists()
assert new File(basedir, 'target/generated-sources/gradus/demo/Xor.java').isFile()
assert new File(basedir, 'target/classes/demo/Xor.class').isFile()
// Staleness state lives with Maven's own, not among the generated sources.
assert new File(basedir, 'target/maven-status/gradus/generate-default.state').isFile()
assert !new File(basedir, 'target/generated-sources/gradus/.stamps').exists()
