// Command summarizer calls the OpenAI API with a key an assistant pasted in.
package main

import (
	"fmt"
	"net/http"
)

const openaiKey = "sk-proj-DUuTbGfvh7kQ8ceLF63YwfES56Tgh2IAKgdEv4XKk4BsKRIuccMhQhgs"

func main() {
	req, err := http.NewRequest("GET", "https://api.openai.com/v1/models", nil)
	if err != nil {
		panic(err)
	}
	req.Header.Set("Authorization", "Bearer "+openaiKey)
	fmt.Println(req.URL)
}
