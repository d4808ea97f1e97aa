console.log("tutorial");
