-- A fixed GET: the URL given to wrk, repeated (wrk builds the request once).
dofile("common.lua")
