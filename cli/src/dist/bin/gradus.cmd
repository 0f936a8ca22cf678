@echo off
rem The gradus command line of this distribution: needs a JDK 17 or newer (JAVA_HOME, else java on the PATH).
setlocal
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java"
"%JAVA%" --add-modules jdk.incubator.vector -jar "%~dp0..\lib\gradus.jar" %*
exit /b %ERRORLEVEL%
